"""Municipalities: localities, massif, border distance; dated labels with a status; project ties

Revision ID: d9a7a1c00005
Revises: 0004
Create Date: 2026-11-27 11:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd9a7a1c00005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('localities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('geonameid', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('search_name', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('population', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_localities_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_localities')),
    sa.UniqueConstraint('geonameid', name=op.f('uq_localities_geonameid'))
    )
    with op.batch_alter_table('localities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_localities_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_localities_search_name'), ['search_name'], unique=False)

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('massif', sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f('ix_organisations_massif'), ['massif'], unique=False)

    with op.batch_alter_table('organisation_borders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('distance_km', sa.Float(), nullable=True))

    with op.batch_alter_table('organisation_labels', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=12), server_default='declared', nullable=False))
        batch_op.add_column(sa.Column('source', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('listed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_organisation_labels_confirmed_by_id_users'), 'users', ['confirmed_by_id'], ['id'],
                                    ondelete='SET NULL')
    # Labels that came with an ANCT id were imported from an official list; the others were ticked by a user.
    op.execute("UPDATE organisation_labels SET status = 'official', source = 'ANCT (import)' WHERE anct_id IS NOT NULL")

    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.add_column(sa.Column('until_year', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('project', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('programme', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('project_size', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('ties', schema=None) as batch_op:
        batch_op.drop_column('project_size')
        batch_op.drop_column('programme')
        batch_op.drop_column('project')
        batch_op.drop_column('until_year')

    with op.batch_alter_table('organisation_labels', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_organisation_labels_confirmed_by_id_users'), type_='foreignkey')
        batch_op.drop_column('confirmed_at')
        batch_op.drop_column('confirmed_by_id')
        batch_op.drop_column('listed_on')
        batch_op.drop_column('source')
        batch_op.drop_column('status')

    with op.batch_alter_table('organisation_borders', schema=None) as batch_op:
        batch_op.drop_column('distance_km')

    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_massif'))
        batch_op.drop_column('massif')

    op.drop_index(op.f('ix_localities_search_name'), table_name='localities')
    op.drop_index(op.f('ix_localities_organisation_id'), table_name='localities')
    op.drop_table('localities')
